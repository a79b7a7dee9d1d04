-- Map workload: 200000 word-count updates over 5000 distinct string keys (insert, lookup, update), then one pass
-- over the pairs (same algorithm as maps.zx).
local counts = {}
local seed = 7
local i = 0
while i < 200000 do
  seed = (seed * 1103 + 12345) % 65521
  local key = "w" .. tostring(seed % 5000)
  if counts[key] ~= nil then
    counts[key] = counts[key] + 1
  else
    counts[key] = 1
  end
  i = i + 1
end
local distinct = 0
local most = 0
for _, v in pairs(counts) do
  distinct = distinct + 1
  if v > most then most = v end
end
print(distinct .. " " .. most .. " " .. (counts["w42"] or 0) .. " " .. (counts["w7"] or 0))
