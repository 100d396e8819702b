package io.openova.catalyst.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md: dependencies point inward; api imports no adapter or framework; nothing imports server. */
class ArchitectureTest {
    private static final String ROOT = "io.openova.catalyst";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void shouldSeeTheClassesOfEveryModule() {
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .contains(
                        ROOT + ".api.blueprint",
                        ROOT + ".catalog",
                        ROOT + ".cli",
                        ROOT + ".server.catalog",
                        ROOT + ".server.http",
                        ROOT + ".gitops",
                        ROOT + ".identity.secrets",
                        ROOT + ".provisioning",
                        ROOT + ".provisioning.compose",
                        ROOT + ".provisioning.config",
                        ROOT + ".provisioning.events",
                        ROOT + ".api.event",
                        ROOT + ".spine",
                        ROOT + ".spine.events",
                        ROOT + ".projector",
                        ROOT + ".server.events");
    }

    @Test
    void shouldKeepApiFreeOfOtherModulesFrameworksAndAdapters() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".api..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(ROOT + ".api..", "java..")
                .because("api is the resource model: no I/O, no framework (ARCHITECTURE.md)")
                .check(classes);
    }

    @Test
    void shouldNeverDependOnTheServer() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".server..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".server..")
                .because("server is the outermost edge: nothing depends on it")
                .check(classes);
    }

    @Test
    void shouldKeepTheCliOutOfTheDomain() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".cli..")
                .because("the CLI is an edge like the server")
                .check(classes);
    }

    @Test
    void shouldKeepFrameworksOutOfTheDomainModules() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".api..", ROOT + ".catalog..", ROOT + ".projector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "jakarta..",
                        "io.vertx..",
                        "org.eclipse.microprofile..",
                        "io.micrometer..",
                        "picocli..",
                        "io.fabric8..",
                        "io.nats..",
                        "org.eclipse.jgit..")
                .because("domain logic is plain Java; frameworks and adapters live at the edges (STYLE.md)")
                .check(classes);
    }

    @Test
    void shouldNotReadTheEnvironmentInTheDomain() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".api..", ROOT + ".catalog..")
                .should()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(System.class, "getenv")
                .because("configuration reaches domain code as validated values, never System.getenv deep inside")
                .check(classes);
    }

    @Test
    void shouldKeepProvisioningOnPortsNotAdapters() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".provisioning..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(ROOT + ".gitops.LocalEnvironmentRepositories")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(ROOT + ".identity.secrets.EmbeddedSecretStore")
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.eclipse.jgit..",
                        "org.h2..",
                        "java.sql..",
                        "java.net.http..",
                        ROOT + ".spine..",
                        "io.nats..")
                .because("provisioning is use cases and pure composition over the repository, secret-store and"
                        + " event-publisher ports")
                .check(classes);
    }
}
