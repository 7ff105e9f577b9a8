package dev.identity.signin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The access token a sign-in issues, shown only in this answer. */
@Schema(name = "SignInResult",
        requiredProperties = {"accessToken", "tokenType", "expiresIn", "passwordChangeRequired"})
public record SignInView(String accessToken, @Schema(enumeration = "Bearer") String tokenType,
        @Schema(description = "Seconds until the token expires", example = "3600") long expiresIn,
        boolean passwordChangeRequired) {
}
