-- ARGV: prefix, conv, token[, answeredPrefix, windowMs]: with the last two (deliveries), the buyer
-- is marked answered for `windowMs` (their next answer yields to others' first: see claim.lua).
-- needs: queue-lib
if ack(ARGV[1], ARGV[2], ARGV[3]) then
  if ARGV[4] and ARGV[4] ~= '' then redis.call('SET', ARGV[4] .. ARGV[2], '1', 'PX', ARGV[5]) end
  return 1
end
return 0
