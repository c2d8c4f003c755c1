-- ARGV: handoffKey, queueKey, assignedKey, agentSetKey, conv, agent, max, nowMs, ttl
local state = redis.call('HGET', ARGV[1], 'state')
if state == 'agent' then
  if redis.call('HGET', ARGV[1], 'agent') == ARGV[6] then return 'claimed' end
  return 'taken'
end
if redis.call('SCARD', ARGV[4]) >= tonumber(ARGV[7]) then return 'over_limit' end
if state ~= 'queued' then
  redis.call('DEL', ARGV[1])
  redis.call('HSET', ARGV[1], 'reason', 'agent', 'queuedAt', ARGV[8])
end
redis.call('HSET', ARGV[1], 'state', 'agent', 'agent', ARGV[6], 'claimedAt', ARGV[8])
redis.call('HDEL', ARGV[1], 'timeoutNotified')
redis.call('EXPIRE', ARGV[1], ARGV[9])
redis.call('ZREM', ARGV[2], ARGV[5])
redis.call('ZADD', ARGV[3], ARGV[8], ARGV[5])
redis.call('SADD', ARGV[4], ARGV[5])
return 'claimed'
