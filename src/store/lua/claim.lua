-- ARGV: prefix, now, leaseMs, token, max, unreachablePrefix|'', answeredPrefix|''. Leases up to `max`
-- conversations; returns {conv, item, attempts, unreachable, answered, pending, conv, …} (flat),
-- empty when none is ready. With an answeredPrefix (deliveries), a conversation whose buyer got an
-- answer recently yields: it moves from `ready` to `later`, claimed only once `ready` is empty, so
-- under a backlog every buyer's first answer goes before anyone's second (in every instance).
local P, now, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[5])
local A = ARGV[7] or ''
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
local lane = 'ready'
while #out < max * 6 do
  local c = redis.call('LPOP', P .. lane)
  if not c then
    if lane == 'ready' and A ~= '' then
      lane = 'later'
    else
      if redis.call('LLEN', P .. 'ready') == 0 then redis.call('DEL', P .. 'wake') end
      break
    end
  else
    local item = redis.call('LINDEX', P .. 'items:' .. c, 0)
    if item then
      local answered = 0
      if A ~= '' then answered = redis.call('EXISTS', A .. c) end
      if lane == 'ready' and answered == 1 then
        redis.call('RPUSH', P .. 'later', c)
      else
        redis.call('ZADD', P .. 'leases', now + tonumber(ARGV[3]), c)
        redis.call('HSET', P .. 'owners', c, ARGV[4])
        local unreachable = 0
        if ARGV[6] ~= '' then unreachable = redis.call('EXISTS', ARGV[6] .. c) end
        table.insert(out, c)
        table.insert(out, item)
        table.insert(out, redis.call('HINCRBY', P .. 'attempts', c, 1))
        table.insert(out, unreachable)
        table.insert(out, answered)
        table.insert(out, redis.call('LLEN', P .. 'items:' .. c))
      end
    else
      redis.call('HDEL', P .. 'attempts', c)
    end
  end
end
return out
