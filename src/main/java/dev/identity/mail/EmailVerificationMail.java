package dev.identity.mail;

/** The code that confirms a new recovery email, to that address. */
public record EmailVerificationMail(String displayName, String userName, String tenantName, String email,
        String code) implements Mail {

    @Override
    public MailKind kind() {
        return MailKind.EMAIL_VERIFICATION_CODE;
    }
}
