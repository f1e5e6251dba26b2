-- pacer: reserve one request in every meter of a plan, or in none (one round trip).
-- A port of pacer-sdk-core's engine::try_reserve (check, summarize, write); the ledger conformance
-- tests replay the same request streams on both and require identical decisions.
--
-- KEYS[1]    hash of calendar counters of the provider, field "<meter key>|<period start>"
-- KEYS[2]    hash of server blocks (a 429's Retry-After), field "<meter key>"
-- KEYS[2+j]  sorted set of the j-th log meter of the plan (score: time, member: reservation id)
-- ARGV[1]    's' to use the Redis server's TIME, else the caller's instant in ms
-- ARGV[2]    n, the number of meters
-- ARGV[3]    the reservation id (random, chosen by the caller)
-- ARGV[4]    '1' to prune expired log entries and refresh expiries on this call
-- ARGV[4+9(i-1)+1..9] per meter: kind ('L' checked log, 'O' overage log, 'C' counter), limit,
--            period ms, period start, next start, overage log meter (0: none), overage limit,
--            overage period ms, meter key

local GRACE = 86400000 -- keep expired state a day for late refunds; then Redis drops it

local n = tonumber(ARGV[2])
local id = ARGV[3]
local prune = ARGV[4] == '1'
local now
if ARGV[1] == 's' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[1])
end

local function f(i, j)
  return ARGV[4 + (i - 1) * 9 + j]
end

-- Calendar boundaries come from the caller (zones and DST are computed in Rust); when the
-- server's clock has crossed one of them, ask the caller to recompute them at server time.
local logkey, cfield, bfields, cfields = {}, {}, {}, {}
local k = 2
for i = 1, n do
  bfields[i] = f(i, 9)
  if f(i, 1) == 'C' then
    if now < tonumber(f(i, 4)) or now >= tonumber(f(i, 5)) then
      return { 'R', now }
    end
    cfields[#cfields + 1] = f(i, 9) .. '|' .. f(i, 4)
    cfield[i] = #cfields
  else
    k = k + 1
    logkey[i] = KEYS[k]
  end
end
local blocks = redis.call('HMGET', KEYS[2], unpack(bfields))
local counts = {}
if #cfields > 0 then
  counts = redis.call('HMGET', KEYS[1], unpack(cfields))
end

-- The first instant at which one more entry keeps every closed interval of `period` within
-- `limit` (nil when there is room now): the limit-th newest entry must leave the interval.
local in_window = {}
local function free_slot(i, since, limit, period)
  local count = redis.call('ZCOUNT', logkey[i], since, '+inf')
  in_window[i] = count
  if count < limit then
    return nil
  end
  local r = redis.call('ZREVRANGEBYSCORE', logkey[i], '+inf', since, 'WITHSCORES', 'LIMIT', limit - 1, 1)
  return tonumber(r[2]) + period + 1
end

-- The longest rate window: a server block no longer than it is a rate limit, not a spent day.
local longest_rate = 0
for i = 1, n do
  if f(i, 1) == 'L' then
    longest_rate = math.max(longest_rate, tonumber(f(i, 3)))
  end
end

local verdicts, instants, reasons = {}, {}, {}
for i = 1, n do
  local kind = f(i, 1)
  local v, at, reason = 'ok', 0, ''
  if kind == 'L' then
    local limit, period = tonumber(f(i, 2)), tonumber(f(i, 3))
    local slot = free_slot(i, now - period, limit, period)
    if slot then
      v, at, reason = 'wait', slot, 'rate'
    end
  elseif kind == 'C' then
    local raw = counts[cfield[i]]
    local count = raw and tonumber(raw) or 0
    if count >= tonumber(f(i, 2)) then
      local ov, nxt = tonumber(f(i, 6)), tonumber(f(i, 5))
      if ov > 0 then
        local ol, op = tonumber(f(i, 7)), tonumber(f(i, 8))
        local slot = free_slot(ov, now - op, ol, op)
        if slot then
          v, at, reason = 'wait', math.min(slot, nxt), 'overage'
        end
      else
        v, at = 'exhausted', nxt
      end
    end
  end
  local blocked = blocks[i] and tonumber(blocks[i]) or 0
  -- A block longer than this window could ever justify (its length, or its next reset) was
  -- stored by an older version or by hand: ignored, as engine::check ignores it.
  local bound
  if kind == 'C' then
    bound = tonumber(f(i, 5)) + 1000
  else
    bound = now + tonumber(f(i, 3)) + 1000
  end
  if blocked > now and blocked <= bound then
    -- A block lasting until a calendar window resets (within Retry-After's whole seconds)
    -- means the server counts that window spent: exhaustion, not a wait; unless a rate window
    -- explains it (a minute's 429 just before midnight also reaches the reset).
    local reaches_reset = kind == 'C' and blocked + 1000 >= tonumber(f(i, 5))
      and blocked - now > longest_rate
    if v == 'exhausted' then
      -- already exhausted
    elseif reaches_reset then
      v, at, reason = 'exhausted', tonumber(f(i, 5)), ''
    elseif v == 'wait' and at >= blocked then
      -- already at least as strict as the server's block
    else
      v, at, reason = 'wait', blocked, 'server_block'
    end
  end
  verdicts[i], instants[i], reasons[i] = v, at, reason
end

-- The first meter with the latest instant decides, exhaustion before waiting.
local ex, wt = 0, 0
for i = 1, n do
  if verdicts[i] == 'exhausted' and (ex == 0 or instants[i] > instants[ex]) then
    ex = i
  end
  if verdicts[i] == 'wait' and (wt == 0 or instants[i] > instants[wt]) then
    wt = i
  end
end
if ex > 0 then
  return { 'E', now, instants[ex], ex }
end
if wt > 0 then
  return { 'W', now, instants[wt], wt, reasons[wt] }
end

local hset, fresh, ttl = {}, {}, 0
for i = 1, n do
  local kind = f(i, 1)
  if kind == 'C' then
    local raw = counts[cfield[i]]
    hset[#hset + 1] = cfields[cfield[i]]
    hset[#hset + 1] = (raw and tonumber(raw) or 0) + 1
    if not raw then
      -- The first count of a new period.
      fresh[#fresh + 1] = i
      ttl = math.max(ttl, tonumber(f(i, 5)) - now + GRACE)
    end
  else
    local key, period = logkey[i], tonumber(f(i, 3))
    redis.call('ZADD', key, now, id)
    if prune or kind == 'O' or in_window[i] == 0 then
      -- Expiries are relative: in caller-clock mode `now` is not Redis's wall clock.
      redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - period - 1))
      redis.call('PEXPIRE', key, period + 1 + GRACE)
    end
  end
end
if #hset > 0 then
  redis.call('HSET', KEYS[1], unpack(hset))
end
if #fresh > 0 then
  -- Older periods of the meters that just started a new one are no longer needed, and the
  -- hash must live until the longest of the new periods has ended.
  local fields = redis.call('HKEYS', KEYS[1])
  for _, i in ipairs(fresh) do
    local prefix, start = f(i, 9) .. '|', tonumber(f(i, 4))
    for _, name in ipairs(fields) do
      if string.sub(name, 1, #prefix) == prefix and tonumber(string.sub(name, #prefix + 1)) < start then
        redis.call('HDEL', KEYS[1], name)
      end
    end
  end
  if redis.call('PTTL', KEYS[1]) < ttl then
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
end
return { 'G', now, id }
