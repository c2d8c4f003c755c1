/** POST one update to a gateway's Telegram webhook as Telegram does; resolves with the HTTP status (0 on a transport error). */
export async function postUpdate(gatewayUrl: string, update: unknown, secret: string): Promise<{ status: number; retryAfter: string | null }> {
  try {
    const res = await fetch(`${gatewayUrl}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  } catch {
    return { status: 0, retryAfter: null };
  }
}

export const TELEGRAM_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
export const TELEGRAM_SECRET = 'fault-suite-secret-0123456789';
