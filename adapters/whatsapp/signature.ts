/**
 * WhatsApp Cloud API webhooks are signed and verified as Messenger's are: `X-Hub-Signature-256`
 * (HMAC-SHA256 of the exact bytes Meta sent, its escaped-unicode form, with the app secret) and the
 * `hub.verify_token` subscription check. One implementation for both.
 */
export { checkSignature, secretsEqual, verifyMetaSubscription } from '../facebook/signature.js';
