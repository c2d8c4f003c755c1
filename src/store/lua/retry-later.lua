-- ARGV: prefix, conv, token, dueAt, uncount ('1': this claim was a wait, not a failed attempt)
-- needs: queue-lib
if not release(ARGV[1], ARGV[2], ARGV[3]) then return 0 end
redis.call('ZADD', ARGV[1] .. 'delayed', ARGV[4], ARGV[2])
if ARGV[5] == '1' then redis.call('HINCRBY', ARGV[1] .. 'attempts', ARGV[2], -1) end
return 1
