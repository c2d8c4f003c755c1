-- ARGV: prefix, conv, token
-- needs: queue-lib
if ack(ARGV[1], ARGV[2], ARGV[3]) then return 1 end
return 0
