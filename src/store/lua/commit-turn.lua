-- ARGV: inPrefix, conv, token, sessionKey, sessionJson|'', ttl, transcriptKey, transcriptMax,
-- outPrefix, deliveryJson|'', deadKey, deadJson|'', contactsKey, contactJson|''|'-', conversationsKey, nowMs,
-- outToken|'', outLeaseUntil, unreachableKey, eventsChannel, eventCount, events..., transcript entries...
-- Returns 0 when the lease was lost, else {1, heldAttempts|0, unreachable}: with an outToken, a
-- delivery that is the only one pending for its conversation is leased to that token at once.
-- needs: queue-lib
local conv = ARGV[2]
if not ack(ARGV[1], conv, ARGV[3]) then return 0 end
if ARGV[5] ~= '' then
  redis.call('SET', ARGV[4], ARGV[5], 'EX', ARGV[6])
else
  redis.call('EXPIRE', ARGV[4], ARGV[6])
end
-- The index grows only when a conversation is new to it: only then can it need a trim.
if redis.call('ZADD', ARGV[15], ARGV[16], conv) == 1 and redis.call('ZCARD', ARGV[15]) > 10000 then
  redis.call('ZREMRANGEBYRANK', ARGV[15], 0, -10001)
end
local events = tonumber(ARGV[21])
local first = 22 + events
if #ARGV >= first then
  if redis.call('RPUSH', ARGV[7], unpack(ARGV, first)) > tonumber(ARGV[8]) then
    redis.call('LTRIM', ARGV[7], -tonumber(ARGV[8]), -1)
  end
  redis.call('EXPIRE', ARGV[7], ARGV[6])
  -- Each line is a message event too: the line's JSON with its type and conversation put first.
  local head = '{"type":"message","conversationId":' .. cjson.encode(conv) .. ','
  for i = first, #ARGV do redis.call('PUBLISH', ARGV[20], head .. string.sub(ARGV[i], 2)) end
end
for i = 22, 21 + events do redis.call('PUBLISH', ARGV[20], ARGV[i]) end
local held, unreachable = 0, 0
if ARGV[10] ~= '' then
  held = push_or_hold(ARGV[9], conv, ARGV[10], ARGV[17], ARGV[18])
  if held > 0 then unreachable = redis.call('EXISTS', ARGV[19]) end
end
if ARGV[12] ~= '' then
  redis.call('LPUSH', ARGV[11], ARGV[12])
  redis.call('LTRIM', ARGV[11], 0, 999)
end
if ARGV[14] == '-' then
  redis.call('HDEL', ARGV[13], conv)
elseif ARGV[14] ~= '' then
  redis.call('HSET', ARGV[13], conv, ARGV[14])
end
return {1, held, unreachable}
