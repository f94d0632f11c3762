// Typed results and the login's error union. Each error has a stable code; pages.ts maps codes to messages
// that say what happened without leaking anything a user should not see (never a token or a secret).

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** The id_token claims the login needs, all of which Access documents (openid and email scopes, and the JWT's own). */
export const REQUIRED_CLAIMS = ['sub', 'email', 'iss', 'aud', 'exp', 'iat', 'nonce'] as const;
export type RequiredClaim = (typeof REQUIRED_CLAIMS)[number];

/** Why an id_token from Access was refused. */
export type IdTokenRejection =
  | 'malformed'
  | 'alg_not_allowed'
  | 'unknown_kid'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'nonce_mismatch'
  /** A required claim is absent: says which. */
  | `missing_${RequiredClaim}`;

/** Everything that can end a login on the error page. */
export type LoginError =
  /** The authorization request or consent form was invalid, expired, used, or from another browser. */
  | { readonly code: 'invalid_request'; readonly detail: string }
  /** Access (or its policy) refused the user, or the user cancelled there. */
  | { readonly code: 'access_denied'; readonly detail: string }
  /** Access redirected back with an OAuth error and no `state`, so the login cannot be resumed: what it reported. */
  | { readonly code: 'access_error'; readonly accessError: string; readonly description: string }
  /** Access's discovery document or JWKS could not be fetched or did not make sense. */
  | { readonly code: 'access_unavailable'; readonly detail: string }
  /** Access refused the code exchange. */
  | { readonly code: 'token_exchange_failed'; readonly status: number; readonly oauthError?: string }
  /** The id_token did not pass verification. */
  | { readonly code: 'id_token_invalid'; readonly reason: IdTokenRejection }
  /** The Worker is missing one of its six secrets. */
  | { readonly code: 'misconfigured'; readonly detail: string }
  /** A bug or an outage (KV, the runtime): nothing the user did. */
  | { readonly code: 'internal'; readonly detail: string };

export type LoginErrorCode = LoginError['code'];

export class LoginFailure extends Error {
  constructor(readonly error: LoginError) {
    super(error.code);
    this.name = 'LoginFailure';
  }
}
