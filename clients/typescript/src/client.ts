// The typed client: openapi-fetch over the types openapi-typescript generates from the service's OpenAPI
// document (generated/api.d.ts, made by `npm run generate`). Paths, bodies and answers are checked by the
// compiler against the document the service serves.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "../generated/api.js";

// Answers are application/json, problems application/problem+json: the client reads both media types.
export type IdentityClient = Client<paths>;
export type Problem = components["schemas"]["Problem"];
export type Schemas = components["schemas"];

/** A client for the service at baseUrl (for example http://127.0.0.1:8080). */
export function identityClient(baseUrl: string): IdentityClient {
  return createClient<paths>({ baseUrl });
}

/** The Authorization header for an access token from sign-in, or the operator token. */
export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** The slug of a problem's type: the last path segment of its URI (API.md, conventions). */
export function slug(problem: Problem | undefined): string | undefined {
  return problem?.type?.split("/").pop();
}
