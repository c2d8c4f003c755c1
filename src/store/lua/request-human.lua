-- ARGV: handoffKey, queueKey, conv, nowMs, reason, ttl. Returns {state, position}.
local state = redis.call('HGET', ARGV[1], 'state')
if state == 'queued' or state == 'agent' then
  local rank = redis.call('ZRANK', ARGV[2], ARGV[3])
  return {state, rank and (rank + 1) or 0}
end
redis.call('DEL', ARGV[1])
redis.call('HSET', ARGV[1], 'state', 'queued', 'queuedAt', ARGV[4], 'reason', ARGV[5])
redis.call('EXPIRE', ARGV[1], ARGV[6])
redis.call('ZADD', ARGV[2], ARGV[4], ARGV[3])
return {'queued', redis.call('ZRANK', ARGV[2], ARGV[3]) + 1}
