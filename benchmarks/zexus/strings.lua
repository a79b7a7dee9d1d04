-- String building: 20000 appends of one digit each by s = s .. ..., then its length and a slice of characters
-- (same algorithm as strings.zx; Lua strings are 1-based).
local s = ""
local i = 0
while i < 20000 do
  s = s .. tostring(i % 10)
  i = i + 1
end
print(#s .. " " .. s:sub(1, 1) .. " " .. s:sub(12346, 12346) .. " " .. s:sub(20000, 20000))
