-- ARGV: queueKey, handoffPrefix, cutoffMs, limit
local out = {}
for _, c in ipairs(redis.call('ZRANGEBYSCORE', ARGV[1], '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))) do
  if redis.call('HSETNX', ARGV[2] .. c, 'timeoutNotified', '1') == 1 then table.insert(out, c) end
end
return out
