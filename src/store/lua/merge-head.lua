-- ARGV: prefix, conv, token, count, merged. The lease's holder replaces the conversation's first
-- `count` items (read by it, unsent: only the holder pops them, others only append) with one
-- merged item, in one step: a crash before or after leaves either the parts or the merged one.
if redis.call('HGET', ARGV[1] .. 'owners', ARGV[2]) ~= ARGV[3] then return 0 end
local key = ARGV[1] .. 'items:' .. ARGV[2]
local count = tonumber(ARGV[4])
if redis.call('LLEN', key) < count then return 0 end
redis.call('LTRIM', key, count, -1)
redis.call('LPUSH', key, ARGV[5])
return 1
