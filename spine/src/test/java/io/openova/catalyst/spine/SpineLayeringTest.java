package io.openova.catalyst.spine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ports carry no adapter types, and each adapter stands alone (ARCHITECTURE.md: ports and adapters). */
class SpineLayeringTest {
    private static final String PORTS = "io.openova.catalyst.spine";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(PORTS);
    }

    @Test
    void shouldKeepThePortsFreeOfNatsH2AndAdapters() {
        classes()
                .that()
                .resideInAPackage(PORTS)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(PORTS, "java..")
                .because("callers of the spine see plain interfaces and records, never jnats or H2 types")
                .check(classes);
    }

    @Test
    void shouldKeepTheEmbeddedAdapterFreeOfNats() {
        noClasses()
                .that()
                .resideInAPackage(PORTS + ".embedded..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.nats..", PORTS + ".jetstream..")
                .check(classes);
    }

    @Test
    void shouldKeepTheJetStreamAdapterFreeOfH2() {
        noClasses()
                .that()
                .resideInAPackage(PORTS + ".jetstream..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.h2..", PORTS + ".embedded..")
                .check(classes);
    }
}
