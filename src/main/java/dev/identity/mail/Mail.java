package dev.identity.mail;

/**
 * What a mail says, typed: one record per kind of mail, whose components are what its templates may use. Every
 * template declares its record ({@code {@dev.identity.mail.PasswordNotice mail}}) and reads only through it, so that
 * Qute checks each expression against the record when the service is built: a misspelt name fails the build.
 */
public sealed interface Mail permits PasswordNotice, AdminPasswordNotice, AdminSecurityInfoNotice,
        DelegatedActionNotice, RecoveryCodeMail, EmailVerificationMail, RecoveryEmailNotice, AuthenticatorNotice,
        SessionRevokedNotice {

    /** The template it is written with. */
    MailKind kind();
}
