-- ARGV: inPrefix, conv, item, seenKey, dedupeTtl, unreachableKey, maxPending, token|'', leaseUntil,
-- sessionKey, statusKey, handoffKey, handoffQueueKey, messageId, nowMs.
-- Returns {1} accepted, {0} duplicate, {2} too many pending; with a token, an accepted message
-- whose conversation had nothing pending is leased to it at once:
-- {1, attempts, session, status, handoff (flat), queueLength, rank}.
-- needs: queue-lib
local P, conv, seen, id, now = ARGV[1], ARGV[2], ARGV[4], ARGV[14], tonumber(ARGV[15])
redis.call('ZREMRANGEBYSCORE', seen, '-inf', now - tonumber(ARGV[5]) * 1000)
if redis.call('ZADD', seen, 'NX', now, id) == 0 then return {0} end
if redis.call('LLEN', P .. 'items:' .. conv) >= tonumber(ARGV[7]) then
  redis.call('ZREM', seen, id) -- not recorded: its redelivery must be taken
  return {2}
end
redis.call('EXPIRE', seen, ARGV[5])
redis.call('DEL', ARGV[6])
local attempts = push_or_hold(P, conv, ARGV[3], ARGV[8], ARGV[9])
if attempts == 0 then return {1} end
local handoff = redis.call('HGETALL', ARGV[12])
local rank = false -- only a conversation handed off can be in the queue
if #handoff > 0 then rank = redis.call('ZRANK', ARGV[13], conv) end
return {1, attempts, redis.call('GET', ARGV[10]), redis.call('GET', ARGV[11]), handoff, redis.call('ZCARD', ARGV[13]), rank}
