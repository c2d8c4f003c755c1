/**
 * WhatsApp Cloud API webhooks are signed as Messenger's are: `X-Hub-Signature-256`, HMAC-SHA256 of
 * the exact bytes Meta sent (its escaped-unicode form) with the app secret. One check for both.
 */
export { checkSignature, secretsEqual } from '../facebook/signature.js';
