-- ARGV: prefix, conv, token, now, leaseMs
if redis.call('HGET', ARGV[1] .. 'owners', ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('ZADD', ARGV[1] .. 'leases', 'XX', tonumber(ARGV[4]) + tonumber(ARGV[5]), ARGV[2])
return 1
