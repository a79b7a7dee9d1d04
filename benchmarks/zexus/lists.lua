-- List workload: build 200000 pseudo-random integers (a small LCG), sum them, sort a copy, read three elements
-- (same algorithm as lists.zx; Lua tables are 1-based).
local xs = {}
local seed = 42
local i = 0
while i < 200000 do
  seed = (seed * 1103 + 12345) % 65536
  xs[#xs + 1] = seed % 1000
  i = i + 1
end
local total = 0
for _, x in ipairs(xs) do
  total = total + x
end
local sorted = table.move(xs, 1, #xs, 1, {})
table.sort(sorted)
print(#xs .. " " .. total .. " " .. sorted[1] .. " " .. sorted[100001] .. " " .. sorted[200000] .. " " .. xs[8])
