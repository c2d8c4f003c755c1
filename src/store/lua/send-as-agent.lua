-- ARGV: outPrefix, conv, transcriptKey, transcriptMax, ttl, lineJson, deliveryJson
-- needs: queue-lib
redis.call('RPUSH', ARGV[3], ARGV[6])
redis.call('LTRIM', ARGV[3], -tonumber(ARGV[4]), -1)
redis.call('EXPIRE', ARGV[3], ARGV[5])
push(ARGV[1], ARGV[2], ARGV[7])
return 1
