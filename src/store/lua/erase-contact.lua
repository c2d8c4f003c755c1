-- ARGV: sessionKey, contactsKey, conv. Clears the contact inside the stored session, keeping its TTL.
redis.call('HDEL', ARGV[2], ARGV[3])
local raw = redis.call('GET', ARGV[1])
if not raw then return 0 end
local session = cjson.decode(raw)
session['contact'] = cjson.decode('{}')
redis.call('SET', ARGV[1], cjson.encode(session), 'KEEPTTL')
return 1
