// End to end through the generated client, against a running service: sign-in, a whole self-service recovery
// with the code read from the mail, and a reset on behalf by a helpdesk admin followed by the forced change.
//
// Environment:
//   IDENTITY_URL             the service, for example http://127.0.0.1:8080
//   IDENTITY_OPERATOR_TOKEN  the service's operator token (to create the tenant and its users)
//   MAILBOX_PORT             the port of the SMTP server this script opens on 127.0.0.1; the service's mailer
//                            must send there (plain SMTP: QUARKUS_MAILER_START_TLS=DISABLED)
//
// Exits 0 when every step holds, 1 with the failed step otherwise. Never prints a password, code or token.
import { randomBytes, randomUUID } from "node:crypto";
import { bearer, identityClient, slug, type Problem } from "./client.js";
import { codeIn, Mailbox } from "./mailbox.js";

function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

class StepFailed extends Error {}

function expect(condition: unknown, what: string): asserts condition {
  if (!condition) {
    throw new StepFailed(what);
  }
}

/** A password the service's policy accepts: long, random, not in any list. */
function strongPassword(): string {
  return `Ts-${randomBytes(12).toString("base64url")}-9`;
}

function describe(problem: Problem | undefined, status: number): string {
  return problem ? `${status} ${slug(problem)}: ${problem.detail ?? problem.title}` : `${status} without a problem`;
}

async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await action();
    console.log(`ok    ${name} (${Math.round(performance.now() - started)} ms)`);
    return result;
  } catch (error) {
    console.log(`FAIL  ${name}: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

async function main(): Promise<void> {
  const api = identityClient(setting("IDENTITY_URL"));
  const operator = bearer(setting("IDENTITY_OPERATOR_TOKEN"));
  const mailbox = new Mailbox();
  await mailbox.listen(Number(setting("MAILBOX_PORT")));

  const tenant = `ts-${randomUUID().slice(0, 8)}.example`;
  const aliceName = `alice@${tenant}`;
  const aliceMail = `alice@mail.${tenant}`;
  const helenName = `helen@${tenant}`;
  const passwords = { alice: strongPassword(), recovered: strongPassword(), changed: strongPassword() };
  const helenPassword = strongPassword();
  const secrets: string[] = [...Object.values(passwords), helenPassword];

  try {
    await step("the deployment allows self-service recovery and resets on behalf", async () => {
      const { data, error, response } = await api.GET("/api/v1/deployment");
      expect(data, describe(error, response.status));
      expect(data.selfServiceRecovery === true, "selfServiceRecovery is not true");
      expect(data.adminResetOnBehalf === true, `adminResetOnBehalf is ${data.adminResetOnBehalf} (a global deployment?)`);
    });

    const aliceId = await step("the operator creates a tenant, a user and a helpdesk admin", async () => {
      const created = await api.POST("/api/v1/tenants", {
        headers: operator,
        body: { domain: tenant, displayName: "TypeScript client", kind: "customer", selfServiceReset: true,
          supportContact: `help@${tenant}` },
      });
      expect(created.response.status === 201, describe(created.error, created.response.status));
      expect(created.data?.domain === tenant, "the created tenant has another domain");

      const alice = await api.POST("/api/v1/tenants/{tenant}/users", {
        headers: operator,
        params: { path: { tenant } },
        body: { userName: aliceName, displayName: "Alice", email: aliceMail, password: passwords.alice },
      });
      expect(alice.data?.id, describe(alice.error, alice.response.status));
      expect(alice.data.temporaryPassword === undefined, "a temporary password came back though one was given");

      const helen = await api.POST("/api/v1/tenants/{tenant}/users", {
        headers: operator,
        params: { path: { tenant } },
        body: { userName: helenName, displayName: "Helen", email: `helen@mail.${tenant}`, password: helenPassword,
          roles: ["HELPDESK_ADMIN"] },
      });
      expect(helen.data?.id, describe(helen.error, helen.response.status));
      return alice.data.id;
    });

    const aliceToken = await step("sign-in: a wrong password gets 401, the right one a token", async () => {
      const wrong = await api.POST("/api/v1/tenants/{tenant}/sign-in", {
        params: { path: { tenant } },
        body: { userName: aliceName, password: `${passwords.alice}-wrong` },
      });
      expect(wrong.response.status === 401 && slug(wrong.error) === "unauthorized",
        `wrong password: ${describe(wrong.error, wrong.response.status)}`);

      const { data, error, response } = await api.POST("/api/v1/tenants/{tenant}/sign-in", {
        params: { path: { tenant } },
        body: { userName: aliceName, password: passwords.alice },
      });
      expect(data?.accessToken, describe(error, response.status));
      expect(data.tokenType === "Bearer" && data.passwordChangeRequired === false, "unexpected sign-in answer");
      secrets.push(data.accessToken);

      const me = await api.GET("/api/v1/me", { headers: bearer(data.accessToken) });
      expect(me.data?.userName === aliceName, `GET /me: ${describe(me.error, me.response.status)}`);
      expect(me.data.id === aliceId, "GET /me names another user");
      return data.accessToken;
    });

    await step("recovery: start, the code from the mail, verify, reset, sign in with the new password", async () => {
      const started = await api.POST("/api/v1/tenants/{tenant}/recovery", {
        params: { path: { tenant } },
        body: { userName: aliceName },
      });
      expect(started.response.status === 202 && started.data?.flowId,
        `recovery-start: ${describe(started.error, started.response.status)}`);
      const flowId = started.data.flowId;

      const code = codeIn(await mailbox.await(aliceMail, 1));
      secrets.push(code);
      const verified = await api.POST("/api/v1/recovery/{flowId}/verify", {
        params: { path: { flowId } },
        body: { method: "email", code },
      });
      expect(verified.data?.status === "verified" && verified.data.resetToken,
        `verify: ${verified.data?.status ?? describe(verified.error, verified.response.status)}`);
      const resetToken = verified.data.resetToken;
      secrets.push(resetToken);

      const reset = await api.POST("/api/v1/recovery/{flowId}/reset", {
        params: { path: { flowId } },
        body: { resetToken, newPassword: passwords.recovered },
      });
      expect(reset.response.status === 204, `reset: ${describe(reset.error, reset.response.status)}`);

      const again = await api.POST("/api/v1/recovery/{flowId}/reset", {
        params: { path: { flowId } },
        body: { resetToken, newPassword: strongPassword() },
      });
      expect(again.response.status >= 400 && again.error, "the reset token worked twice");

      const old = await api.POST("/api/v1/tenants/{tenant}/sign-in", {
        params: { path: { tenant } },
        body: { userName: aliceName, password: passwords.alice },
      });
      expect(old.response.status === 401, `the old password still signs in (${old.response.status})`);
      const renewed = await api.POST("/api/v1/tenants/{tenant}/sign-in", {
        params: { path: { tenant } },
        body: { userName: aliceName, password: passwords.recovered },
      });
      expect(renewed.data?.accessToken, `new password: ${describe(renewed.error, renewed.response.status)}`);
      secrets.push(renewed.data.accessToken);

      const stale = await api.GET("/api/v1/me", { headers: bearer(aliceToken) });
      expect(stale.response.status === 401, `the token from before the reset still works (${stale.response.status})`);

      const notice = await mailbox.await(aliceMail, 2);
      expect(!secrets.some((secret) => notice.text.includes(secret)), "the password-changed mail carries a secret");
    });

    await step("on behalf: a helpdesk admin resets, the user must change the temporary password", async () => {
      const signedIn = await api.POST("/api/v1/tenants/{tenant}/sign-in", {
        params: { path: { tenant } },
        body: { userName: helenName, password: helenPassword },
      });
      expect(signedIn.data?.accessToken, `helpdesk sign-in: ${describe(signedIn.error, signedIn.response.status)}`);
      const helen = bearer(signedIn.data.accessToken);
      secrets.push(signedIn.data.accessToken);

      const reset = await api.POST("/api/v1/tenants/{tenant}/users/{userId}/password-reset", {
        headers: helen,
        params: { path: { tenant, userId: aliceId } },
        body: {},
      });
      expect(reset.data?.temporaryPassword, `on-behalf reset: ${describe(reset.error, reset.response.status)}`);
      expect(reset.data.passwordChangeRequired === true, "passwordChangeRequired is not true");
      const temporary = reset.data.temporaryPassword;
      secrets.push(temporary);

      const mailed = await mailbox.await(aliceMail, 3);
      expect(!secrets.some((secret) => mailed.text.includes(secret)), "the reset notice carries a secret");

      const withTemporary = await api.POST("/api/v1/tenants/{tenant}/sign-in", {
        params: { path: { tenant } },
        body: { userName: aliceName, password: temporary },
      });
      expect(withTemporary.data?.accessToken && withTemporary.data.passwordChangeRequired === true,
        `temporary sign-in: ${describe(withTemporary.error, withTemporary.response.status)}`);
      const limited = bearer(withTemporary.data.accessToken);
      secrets.push(withTemporary.data.accessToken);

      const refused = await api.GET("/api/v1/me/security-info", { headers: limited });
      expect(refused.response.status === 403 && slug(refused.error) === "password-change-required",
        `a temporary-password token reached security-info: ${describe(refused.error, refused.response.status)}`);

      const changed = await api.POST("/api/v1/me/password", {
        headers: limited,
        body: { currentPassword: temporary, newPassword: passwords.changed },
      });
      expect(changed.response.status === 204, `change: ${describe(changed.error, changed.response.status)}`);

      const final = await api.POST("/api/v1/tenants/{tenant}/sign-in", {
        params: { path: { tenant } },
        body: { userName: aliceName, password: passwords.changed },
      });
      expect(final.data?.passwordChangeRequired === false, `final sign-in: ${describe(final.error, final.response.status)}`);
    });

    await step("each mail came once; the audit log has each step and none of the secrets", async () => {
      const { data, error, response } = await api.GET("/api/v1/tenants/{tenant}/audit-events", {
        headers: operator,
        params: { path: { tenant }, query: { limit: 200 } },
      });
      expect(data?.items, `audit events: ${describe(error, response.status)}`);
      const types = new Set(data.items.map((event) => event.type));
      for (const type of ["user-created", "sign-in", "recovery-start", "recovery-code-sent", "recovery-verify",
        "self-service-reset", "on-behalf-reset", "password-change"]) {
        expect(types.has(type), `no ${type} event`);
      }
      // The code, the notice of the recovery's change, of the reset on behalf, of the user's own change.
      await mailbox.await(aliceMail, 4);
      const subjects = mailbox.to(aliceMail).map((mail) => mail.subject);
      expect(subjects.length === 4, `not one mail per event: ${subjects.join(" | ")}`);
      const text = JSON.stringify(data);
      expect(!secrets.some((secret) => text.includes(secret)), "a password, code or token is in the audit log");
    });
  } finally {
    await mailbox.close();
  }
}

main().then(
  () => console.log("end-to-end: every step held"),
  (error: unknown) => {
    if (!(error instanceof StepFailed)) {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
