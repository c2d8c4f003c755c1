-- ARGV: prefix, now, leaseMs, token, max, unreachablePrefix|''. Leases up to `max` conversations;
-- returns {conv, item, attempts, unreachable, conv, item, …} (flat), empty when none is ready.
local P, now, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[5])
for _, c in ipairs(redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('ZREM', P .. 'delayed', c)
  redis.call('RPUSH', P .. 'ready', c)
end
for _, c in ipairs(redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('ZREM', P .. 'leases', c)
  redis.call('HDEL', P .. 'owners', c)
  redis.call('RPUSH', P .. 'ready', c)
end
local out = {}
while #out < max * 4 do
  local c = redis.call('LPOP', P .. 'ready')
  if not c then
    redis.call('DEL', P .. 'wake')
    break
  end
  local item = redis.call('LINDEX', P .. 'items:' .. c, 0)
  if item then
    redis.call('ZADD', P .. 'leases', now + tonumber(ARGV[3]), c)
    redis.call('HSET', P .. 'owners', c, ARGV[4])
    local unreachable = 0
    if ARGV[6] ~= '' then unreachable = redis.call('EXISTS', ARGV[6] .. c) end
    table.insert(out, c)
    table.insert(out, item)
    table.insert(out, redis.call('HINCRBY', P .. 'attempts', c, 1))
    table.insert(out, unreachable)
  else
    redis.call('HDEL', P .. 'attempts', c)
  end
end
return out
