-- ARGV: prefix, skip, max, toldPrefix, windowMs, conversationPrefix (one channel's). Buyers waiting in the deliveries' first lane past
-- its first `skip`, not told they wait within `windowMs`: up to `max` of them are marked told and
-- returned with their place in the lane (1 = next), {conv, place, conv, place, …}.
local P, skip, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
local convs = redis.call('LRANGE', P .. 'ready', skip, skip + max * 4 - 1)
for i, c in ipairs(convs) do
  if #out >= max * 2 then break end
  if string.sub(c, 1, #ARGV[6]) == ARGV[6] and redis.call('SET', ARGV[4] .. c, '1', 'NX', 'PX', ARGV[5]) then
    table.insert(out, c)
    table.insert(out, skip + i)
  end
end
return out
