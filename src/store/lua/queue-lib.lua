-- The queue's helpers, prepended to every script whose header says "needs: queue-lib".
-- The queue's Lua helpers. A conversation is "scheduled" exactly while its item list is not
-- empty; it then sits in exactly one of: the ready list, the leases zset (a worker has it) or
-- the delayed zset. That invariant is what keeps one conversation's messages in order across
-- instances, and why an RPUSH that returns 1 (the list was empty) is what schedules it.
local function schedule(P, conv)
  redis.call('RPUSH', P .. 'ready', conv)
  redis.call('RPUSH', P .. 'wake', '1')
  redis.call('LTRIM', P .. 'wake', -1024, -1)
end
local function push(P, conv, item)
  if redis.call('RPUSH', P .. 'items:' .. conv, item) == 1 then schedule(P, conv) end
end
-- Push; when that is the conversation's first item and a token is given, lease it straight to
-- the worker that put it there instead of making it ready. Returns the lease's attempts, or 0.
local function push_or_hold(P, conv, item, token, untilMs)
  if token == '' then
    push(P, conv, item)
    return 0
  end
  if redis.call('RPUSH', P .. 'items:' .. conv, item) > 1 then return 0 end
  redis.call('ZADD', P .. 'leases', untilMs, conv)
  redis.call('HSET', P .. 'owners', conv, token)
  return redis.call('HINCRBY', P .. 'attempts', conv, 1)
end
local function release(P, conv, token)
  if redis.call('HGET', P .. 'owners', conv) ~= token then return false end
  redis.call('ZREM', P .. 'leases', conv)
  redis.call('HDEL', P .. 'owners', conv)
  return true
end
local function ack(P, conv, token)
  if not release(P, conv, token) then return false end
  redis.call('LPOP', P .. 'items:' .. conv)
  redis.call('HDEL', P .. 'attempts', conv)
  if redis.call('LLEN', P .. 'items:' .. conv) > 0 then schedule(P, conv) end
  return true
end
