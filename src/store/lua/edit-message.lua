-- ARGV: inPrefix, conv, oldItem|'', newItem, transcriptKey, messageId, text, eventsChannel. Replaces
-- the waiting item `oldItem` (compare-and-set: it must be unchanged and not held by a worker), else
-- the text of the buyer's transcript line `messageId` (published again, for live views). Returns the EditResult.
local P, conv = ARGV[1], ARGV[2]
if ARGV[3] ~= '' then
  local items = redis.call('LRANGE', P .. 'items:' .. conv, 0, -1)
  for i, item in ipairs(items) do
    if item == ARGV[3] then
      if i == 1 and redis.call('HEXISTS', P .. 'owners', conv) == 1 then return 'processing' end
      redis.call('LSET', P .. 'items:' .. conv, i - 1, ARGV[4])
      return 'pending'
    end
  end
end
-- Buyer lines hold strings only (id, from, text, at), so decoding and encoding them loses nothing.
local lines = redis.call('LRANGE', ARGV[5], 0, -1)
for i = #lines, 1, -1 do
  local ok, line = pcall(cjson.decode, lines[i])
  if ok and type(line) == 'table' and line['id'] == ARGV[6] and line['from'] == 'buyer' then
    line['text'] = ARGV[7]
    local encoded = cjson.encode(line)
    redis.call('LSET', ARGV[5], i - 1, encoded)
    redis.call('PUBLISH', ARGV[8], '{"type":"message","conversationId":' .. cjson.encode(conv) .. ',' .. string.sub(encoded, 2))
    return 'transcript'
  end
end
return 'unknown'
