package io.openova.catalyst.server.git;

import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.gitops.NoSuchEnvironmentException;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Serves the Environment repositories over Git smart HTTP (protocol v0/v1, the stateless-RPC form), read-only: {@code
 * git clone http://host/git/{org}/{env}.git} and a Flux {@code GitRepository} pull from here. Only upload-pack (fetch)
 * exists; receive-pack (push) is not served: Catalyst alone writes, through its API.
 */
@Path("/git/{org}/{repo}")
@Blocking
@Tag(name = "git", description = "Read-only Git smart HTTP for Environment repositories")
public class GitSmartHttpResource {
    static final String UPLOAD_PACK = "git-upload-pack";
    private static final String ADVERTISEMENT = "application/x-git-upload-pack-advertisement";
    private static final String RESULT = "application/x-git-upload-pack-result";

    private final LocalEnvironmentRepositories repositories;

    public GitSmartHttpResource(LocalEnvironmentRepositories repositories) {
        this.repositories = repositories;
    }

    @GET
    @Path("/info/refs")
    @Operation(
            summary = "Git ref advertisement",
            description = "Only ?service=git-upload-pack: the repositories are read-only.")
    @Authorize(Action.ENVIRONMENT_READ)
    public Response infoRefs(
            @PathParam("org") String org, @PathParam("repo") String repo, @QueryParam("service") String service)
            throws IOException {
        if (!UPLOAD_PACK.equals(service)) {
            return plain(403, "only git-upload-pack (fetch, clone) is served; Environment repositories are read-only");
        }
        Repository repository = open(org, repo);
        try (repository) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PacketLineOut out = new PacketLineOut(buffer);
            out.writeString("# service=" + UPLOAD_PACK + "\n");
            out.end();
            UploadPack upload = new UploadPack(repository);
            upload.setBiDirectionalPipe(false);
            upload.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out));
            return Response.ok(buffer.toByteArray(), ADVERTISEMENT)
                    .header("Cache-Control", "no-cache, max-age=0, must-revalidate")
                    .build();
        }
    }

    @POST
    @Path("/" + UPLOAD_PACK)
    @Operation(summary = "Git upload-pack", description = "Sends the objects a fetch or clone asks for.")
    @Authorize(Action.ENVIRONMENT_READ)
    public Response uploadPack(
            @PathParam("org") String org,
            @PathParam("repo") String repo,
            @HeaderParam("Content-Encoding") String encoding,
            InputStream body)
            throws IOException {
        Repository repository = open(org, repo);
        InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
        StreamingOutput pack = output -> {
            try (repository;
                    in) {
                UploadPack upload = new UploadPack(repository);
                upload.setBiDirectionalPipe(false);
                upload.upload(in, output, null);
            }
        };
        return Response.ok(pack, RESULT).header("Cache-Control", "no-cache").build();
    }

    @POST
    @Path("/git-receive-pack")
    @Operation(summary = "Push: refused", description = "Environment repositories are written by Catalyst only.")
    @Authorize(Action.ENVIRONMENT_READ)
    public Response receivePack() {
        return plain(403, "pushing is not allowed: Environment repositories are written by Catalyst only");
    }

    /** {@code org} and {@code env.git} → that Environment's repository; the caller closes it. */
    private Repository open(String org, String repo) {
        String env = repo.endsWith(".git") ? repo.substring(0, repo.length() - ".git".length()) : repo;
        if (!Names.isValid(org) || !Names.isValid(env)) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        try {
            return repositories.openForRead(org, env);
        } catch (NoSuchEnvironmentException e) {
            throw new jakarta.ws.rs.NotFoundException(e);
        }
    }

    private static Response plain(int status, String message) {
        return Response.status(status).type("text/plain").entity(message + "\n").build();
    }
}
