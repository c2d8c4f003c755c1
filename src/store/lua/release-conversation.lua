-- ARGV: handoffKey, queueKey, assignedKey, agentPrefix, conv, agent|'', to, ttl
local state = redis.call('HGET', ARGV[1], 'state')
local holder = redis.call('HGET', ARGV[1], 'agent')
if state ~= 'agent' and state ~= 'queued' then return 'not_held' end
if ARGV[6] ~= '' and holder and holder ~= ARGV[6] then return 'not_yours' end
if holder then redis.call('SREM', ARGV[4] .. holder, ARGV[5]) end
redis.call('ZREM', ARGV[2], ARGV[5])
redis.call('ZREM', ARGV[3], ARGV[5])
redis.call('DEL', ARGV[1])
if ARGV[7] == 'closed' then
  redis.call('HSET', ARGV[1], 'state', 'closed')
  redis.call('EXPIRE', ARGV[1], ARGV[8])
end
return 'released'
