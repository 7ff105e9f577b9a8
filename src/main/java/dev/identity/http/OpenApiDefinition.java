package dev.identity.http;

import dev.identity.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's header and the error responses every operation refers to by name, so that
 * each problem is described once, with an example.
 */
@OpenAPIDefinition(
        info = @Info(title = "Identity service", version = "1",
                description = "Multi-tenant users and credentials, sign-in, self-service password recovery and "
                        + "administrative resets. Every error is an RFC 9457 problem (application/problem+json). "
                        + "A request from a browser page on an origin the deployment does not allow for CORS "
                        + "(IDENTITY_CORS_ORIGINS) gets 403 forbidden from any operation."),
        tags = {
            @Tag(name = "sign-in", description = "Public: sign in"),
            @Tag(name = "me", description = "The signed-in user"),
            @Tag(name = "tenants", description = "Tenant administration"),
            @Tag(name = "users", description = "User administration"),
            // Named here so that the document's order does not follow the order in which packages are scanned.
            @Tag(name = "audit"),
            @Tag(name = "delegated administration"),
            @Tag(name = "deployment"),
            @Tag(name = "recovery")
        },
        components = @Components(responses = {
            @APIResponse(name = "InvalidRequest", responseCode = "400",
                    description = "Malformed JSON, unknown field, wrong type or failed validation",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "invalid-request", value = """
                                    {"type":"https://identity.example/problems/invalid-request","title":"The request is not valid","status":400,"detail":"The request has invalid fields.","violations":[{"field":"userName","rule":"not-blank","message":"must not be blank"}]}"""))),
            @APIResponse(name = "Unauthorized", responseCode = "401",
                    description = "No, bad, expired or revoked token",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "unauthorized", value = """
                                    {"type":"https://identity.example/problems/unauthorized","title":"Authentication is required","status":401,"detail":"Sign in and send the access token as a Bearer token."}"""))),
            @APIResponse(name = "Forbidden", responseCode = "403",
                    description = "forbidden, password-change-required or role-not-permitted",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "forbidden", value = """
                                        {"type":"https://identity.example/problems/forbidden","title":"This action is not allowed","status":403,"detail":"Only an admin of this tenant may do this."}"""),
                                @ExampleObject(name = "password-change-required", value = """
                                        {"type":"https://identity.example/problems/password-change-required","title":"The password must be changed first","status":403,"detail":"Change your temporary password with POST /api/v1/me/password first."}"""),
                                @ExampleObject(name = "role-not-permitted", value = """
                                        {"type":"https://identity.example/problems/role-not-permitted","title":"Your role does not permit this","status":403,"detail":"Your role may not manage this user or grant these roles."}""")
                            })),
            @APIResponse(name = "ReauthenticationRequired", responseCode = "403",
                    description = "reauthentication-required: no sign-in or reauthentication in this session's last "
                            + "10 minutes (POST /api/v1/me/reauthenticate, then again); or forbidden, "
                            + "password-change-required",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "reauthentication-required", value = """
                                        {"type":"https://identity.example/problems/reauthentication-required","title":"Confirm your password first","status":403,"detail":"Changing how this account is recovered needs your password again: POST /api/v1/me/reauthenticate, then retry."}"""),
                                @ExampleObject(name = "password-change-required", value = """
                                        {"type":"https://identity.example/problems/password-change-required","title":"The password must be changed first","status":403,"detail":"Change your temporary password with POST /api/v1/me/password first."}""")
                            })),
            @APIResponse(name = "OnBehalfRefused", responseCode = "403",
                    description = "on-behalf-reset-blocked (21vianet, every caller), role-not-permitted (the role "
                            + "matrix, or one's own password), forbidden (another tenant), password-change-required",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "on-behalf-reset-blocked", value = """
                                        {"type":"https://identity.example/problems/on-behalf-reset-blocked","title":"Resetting a password on behalf of a user is not available","status":403,"detail":"In the 21vianet deployment nobody resets a password on a user's behalf, whatever their role: the user recovers it through self-service."}"""),
                                @ExampleObject(name = "role-not-permitted", value = """
                                        {"type":"https://identity.example/problems/role-not-permitted","title":"Your role does not permit this","status":403,"detail":"Your role may not do this to this user."}"""),
                                @ExampleObject(name = "forbidden", value = """
                                        {"type":"https://identity.example/problems/forbidden","title":"This action is not allowed","status":403,"detail":"Only an admin of this tenant may do this."}""")
                            })),
            @APIResponse(name = "DelegationRefused", responseCode = "403",
                    description = "delegation-not-available (21vianet), no-delegated-relationship (none active), "
                            + "role-not-permitted (not an ADMIN_AGENT, or the relationship's roles do not reach the "
                            + "target), forbidden (not a member of that provider or customer)",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "delegation-not-available", value = """
                                        {"type":"https://identity.example/problems/delegation-not-available","title":"Delegated administration is not available","status":403,"detail":"The 21vianet deployment has no delegated administration."}"""),
                                @ExampleObject(name = "no-delegated-relationship", value = """
                                        {"type":"https://identity.example/problems/no-delegated-relationship","title":"No active delegated relationship permits this","status":403,"detail":"No active delegated-admin relationship with this customer grants this."}"""),
                                @ExampleObject(name = "role-not-permitted", value = """
                                        {"type":"https://identity.example/problems/role-not-permitted","title":"Your role does not permit this","status":403,"detail":"Your role may not do this to this user."}""")
                            })),
            @APIResponse(name = "NotFound", responseCode = "404", description = "Unknown tenant or user",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "not-found", value = """
                                    {"type":"https://identity.example/problems/not-found","title":"Not found","status":404,"detail":"No such tenant."}"""))),
            @APIResponse(name = "Conflict", responseCode = "409",
                    description = "Duplicate name or domain, or the last enabled global admin",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "conflict", value = """
                                    {"type":"https://identity.example/problems/conflict","title":"Conflict","status":409,"detail":"A user with this user name exists in the tenant."}"""))),
            @APIResponse(name = "NotAcceptable", responseCode = "406", description = "An Accept header that JSON does not meet",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "not-acceptable", value = """
                                    {"type":"https://identity.example/problems/not-acceptable","title":"Not acceptable","status":406,"detail":"This resource answers application/json."}"""))),
            @APIResponse(name = "PayloadTooLarge", responseCode = "413", description = "Body over 16 KiB",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "payload-too-large", value = """
                                    {"type":"https://identity.example/problems/payload-too-large","title":"The request body is too large","status":413,"detail":"The body is over the limit of 16 KiB."}"""))),
            @APIResponse(name = "UriTooLong", responseCode = "414", description = "A request line over 4 KiB",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "uri-too-long", value = """
                                    {"type":"https://identity.example/problems/uri-too-long","title":"The request URI is too long","status":414,"detail":"The request line is over the limit of 4096 bytes: send long data in a body."}"""))),
            @APIResponse(name = "HeadersTooLarge", responseCode = "431", description = "Request headers over 20 KiB",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "headers-too-large", value = """
                                    {"type":"https://identity.example/problems/headers-too-large","title":"The request headers are too large","status":431,"detail":"The request headers are over the limit of 20480 bytes."}"""))),
            @APIResponse(name = "UnsupportedMediaType", responseCode = "415", description = "Body that is not JSON",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "unsupported-media-type", value = """
                                    {"type":"https://identity.example/problems/unsupported-media-type","title":"The request body must be JSON","status":415,"detail":"Send the body as application/json."}"""))),
            @APIResponse(name = "PasswordPolicy", responseCode = "422", description = "The new password was refused",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "password-policy", value = """
                                    {"type":"https://identity.example/problems/password-policy","title":"The password does not meet the policy","status":422,"detail":"The new password was refused.","violations":[{"field":"newPassword","rule":"min-length","message":"Use at least 12 characters."},{"field":"newPassword","rule":"contains-user-name","message":"The password must not contain the user name."}]}"""))),
            @APIResponse(name = "InvalidCode", responseCode = "400", description = "The code is wrong; remainingAttempts says how many wrong codes the flow still takes",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "invalid-code", value = """
                                    {"type":"https://identity.example/problems/invalid-code","title":"The code is not valid","status":400,"detail":"The code is wrong.","remainingAttempts":3}"""))),
            @APIResponse(name = "FlowExpired", responseCode = "410", description = "The recovery or its reset token is past its lifetime, already used, or replaced by a newer start",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "flow-expired", value = """
                                    {"type":"https://identity.example/problems/flow-expired","title":"The recovery has expired","status":410,"detail":"This recovery is over (expired, used or replaced by a newer one); start again."}"""))),
            @APIResponse(name = "FlowLocked", responseCode = "423", description = "Too many wrong codes: this flow is locked; start again",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "flow-locked", value = """
                                    {"type":"https://identity.example/problems/flow-locked","title":"The recovery is locked","status":423,"detail":"Too many wrong codes; start again later."}"""))),
            @APIResponse(name = "RateLimited", responseCode = "429", description = "Too many requests for this account, client address or tenant; retry after the Retry-After header's seconds",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "rate-limited", value = """
                                    {"type":"https://identity.example/problems/rate-limited","title":"Too many requests","status":429,"detail":"Too many requests; try again later."}"""))),
            @APIResponse(name = "SelfServiceDisabled", responseCode = "403", description = "The tenant has self-service password reset off; supportContact says whom to ask",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "self-service-disabled", value = """
                                    {"type":"https://identity.example/problems/self-service-disabled","title":"Self-service password reset is disabled","status":403,"detail":"Self-service password reset is off for this tenant; contact its support.","supportContact":"helpdesk@contoso.example"}"""))),
            @APIResponse(name = "ServiceBusy", responseCode = "503",
                    description = "Too many password hashes queued, or the database unreachable for a moment; retry after the Retry-After header's seconds",
                    content = @Content(mediaType = "application/problem+json",
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "service-busy", value = """
                                    {"type":"https://identity.example/problems/service-busy","title":"The service is busy","status":503,"detail":"Too many password operations are waiting; try again shortly."}""")))
        }))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An access token from sign-in, or the operator token")
public final class OpenApiDefinition extends Application {
}
