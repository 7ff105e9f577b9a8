package dev.identity.userimport;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bringing a tenant's users in from another system, with the password hashes they already have. */
@Path("/api/v1/tenants/{tenant}/users/import")
@Tag(name = "users")
@SecurityRequirement(name = "bearer")
public class UserImportResource {

    static final String NDJSON = "application/x-ndjson";

    private final UserImport imports;

    UserImportResource(UserImport imports) {
        this.imports = imports;
    }

    /** One answer line of an import, as OpenAPI describes it. */
    @Schema(name = "ImportResult", description = "One line of the answer (NDJSON): per input line its number and "
            + "result (created, skipped, or a problem slug), then one summary line")
    public record ImportResult(
            @Schema(description = "The input line's number, from 1") Integer line,
            @Schema(description = "created, skipped, or the slug of the problem (invalid-request, "
                    + "role-not-permitted, conflict, payload-too-large)", example = "created") String result,
            @Schema(example = "bob@contoso.example") String userName,
            @Schema(description = "The created user's id") String id,
            @Schema(description = "For a problem: the field it is about") String field,
            @Schema(description = "For a problem: what is wrong") String detail,
            @Schema(description = "The last line: how many lines were read, created, skipped and failed, and "
                    + "whether the body was read to its end") Summary summary) {
    }

    @Schema(name = "ImportSummary")
    public record Summary(int lines, int created, int skipped, int failed, boolean complete) {
    }

    @POST
    @Consumes(NDJSON)
    @Produces(NDJSON)
    @Operation(operationId = "importUsers", summary = "Import users with their existing password hashes",
            description = "The operator or a GLOBAL_ADMIN of the tenant. The body is NDJSON, one user a line (the "
                    + "fields of user creation plus passwordHash and passwordChangeRequired), up to 1 GiB, read as a "
                    + "stream; the answer is NDJSON too, one line per input line as its batch is written, then a "
                    + "summary. A line that fails does not stop the rest, and is written whole or not at all. The "
                    + "role matrix applies to the roles imported and the password policy does not (a hash cannot "
                    + "be checked against it): each imported hash is verified with its own algorithm at sign-in "
                    + "and then replaced by Argon2id.")
    @RequestBody(required = true, content = @Content(mediaType = NDJSON,
            schema = @Schema(implementation = ImportUser.class),
            examples = @ExampleObject(name = "one line", description = "Each line of the body is one such object",
                    value = """
                    {"userName":"bob@contoso.example","displayName":"Bob Jones","email":"bob@contoso.example","roles":["HELPDESK_ADMIN"],"locale":"fr-CA","passwordHash":"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"}""")))
    @APIResponse(responseCode = "200", description = "The import ran; each line's result is in the stream",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = ImportResult.class),
                    examples = {
                        @ExampleObject(name = "created", value = """
                                {"line":1,"userName":"bob@contoso.example","result":"created","id":"0b9e5d7e-8f0e-4c1e-9d55-1f2f0d3c4b5a"}"""),
                        @ExampleObject(name = "refused", value = """
                                {"line":2,"result":"invalid-request","userName":"eve@contoso.example","field":"passwordHash","detail":"Unknown hash form."}"""),
                        @ExampleObject(name = "summary", description = "The last line", value = """
                                {"summary":{"lines":2,"created":1,"skipped":0,"failed":1,"complete":true}}""")}))
    @APIResponse(ref = "InvalidRequest")
    @APIResponse(ref = "Unauthorized")
    @APIResponse(ref = "Forbidden")
    @APIResponse(ref = "NotFound")
    @APIResponse(ref = "PayloadTooLarge")
    @APIResponse(ref = "UnsupportedMediaType")
    public Response importUsers(@PathParam("tenant") String tenant,
            @Parameter(description = "What a line naming an existing user gets: fail (a conflict line, the default) "
                    + "or skip (a skipped line)", schema = @Schema(type = SchemaType.STRING, enumeration = {"fail",
                    "skip"}))
            @QueryParam("onConflict") @DefaultValue("fail") @Pattern(regexp = "fail|skip",
                    message = "must be fail or skip") String onConflict,
            InputStream body) {
        UserImport.Start start = imports.start(tenant, UserImport.OnConflict.of(onConflict));
        StreamingOutput answer = out -> imports.run(start, body, out);
        return Response.ok(answer, NDJSON).build();
    }
}
