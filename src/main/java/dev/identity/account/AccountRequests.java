package dev.identity.account;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.identity.platform.LanguageTag;
import dev.identity.platform.Locales;
import dev.identity.policy.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the account endpoints, validated before any work is done. */
public final class AccountRequests {

    /** A DNS domain name, lower or upper case. */
    static final String DOMAIN = "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";
    /** A sign-in name of the form local@domain. */
    public static final String USER_NAME = "^[^@\\s\\x00-\\x1F\\x7F]{1,64}@(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";
    /** No control character (C0 or DEL); written with hex escapes, which Java and the JavaScript of clients read alike. */
    public static final String NO_CONTROL = "^[^\\x00-\\x1F\\x7F]*$";
    static final String LOCALE_DOC = "A BCP 47 language tag (ja-JP, zh-Hant-TW, fr-CA, en), kept and answered in "
            + "canonical case. Mail is written in its best match among en, ja, zh-TW (Traditional), zh-CN "
            + "(Simplified), fr and it; English when none matches.";

    private AccountRequests() {
    }

    public enum TenantKind {
        CUSTOMER(Tenant.KIND_CUSTOMER), INDIRECT_PROVIDER(Tenant.KIND_INDIRECT_PROVIDER);

        private final String value;

        TenantKind(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }

    @Schema(name = "CreateTenant")
    public record CreateTenant(
            @NotBlank @Pattern(regexp = DOMAIN, message = "must be a domain name") @Schema(example = "contoso.example")
            String domain,
            @NotBlank @Size(max = 256) @Pattern(regexp = NO_CONTROL) @Schema(example = "Contoso") String displayName,
            @NotNull TenantKind kind,
            @Schema(description = "Whether users may reset their own password (default true)") Boolean selfServiceReset,
            @Size(max = 256) @Pattern(regexp = NO_CONTROL) @Schema(example = "helpdesk@contoso.example")
            String supportContact) {
    }

    @Schema(name = "UpdateTenant")
    public record UpdateTenant(
            @Size(min = 1, max = 256) @Pattern(regexp = NO_CONTROL) String displayName,
            Boolean selfServiceReset,
            @Size(max = 256) @Pattern(regexp = NO_CONTROL) String supportContact) {
    }

    @Schema(name = "CreateUser")
    public record CreateUser(
            @NotBlank @Size(max = 254) @Pattern(regexp = USER_NAME, message = "must be a sign-in name like name@domain")
            @Schema(example = "bob@contoso.example") String userName,
            @NotBlank @Size(max = 256) @Pattern(regexp = NO_CONTROL) @Schema(example = "Bob Jones") String displayName,
            @NotBlank @Size(max = 254) @Email @Schema(example = "bob@contoso.example") String email,
            @Size(max = 1024) @Schema(description = "When absent, a temporary password is generated and returned")
            String password,
            @Size(max = 5) List<@NotNull Role> roles,
            @LanguageTag @Schema(example = "ja-JP", maxLength = Locales.MAX_TAG_LENGTH, description = LOCALE_DOC)
            String locale) {
    }

    @Schema(name = "UpdateUser")
    public record UpdateUser(
            @Size(min = 1, max = 256) @Pattern(regexp = NO_CONTROL) String displayName,
            @Size(max = 5) List<@NotNull Role> roles,
            @LanguageTag @Schema(example = "ja-JP", maxLength = Locales.MAX_TAG_LENGTH, description = LOCALE_DOC)
            String locale,
            Boolean enabled) {
    }

    @Schema(name = "SignIn")
    public record SignIn(
            @NotBlank @Size(max = 254) @Schema(example = "alice@contoso.example") String userName,
            @NotBlank @Size(max = 1024) @Schema(example = "Violet-Harbor-Lantern-42") String password) {
    }

    @Schema(name = "ChangePassword")
    public record ChangePassword(
            @NotBlank @Size(max = 1024) String currentPassword,
            @NotBlank @Size(max = 1024) String newPassword) {
    }

    @Schema(name = "Reauthenticate")
    public record Reauthenticate(@NotBlank @Size(max = 1024) String password) {
    }
}
