"""The Lua scripts that make each distributed step one atomic operation on the Redis server.

Each runs whole or not at all, so no crash of a worker (SIGKILL between two commands) can leave a
step half done: a fingerprint marked seen without its request queued, a request popped without
its lease, a record confirmed without its lease acknowledged. Times are the server's
(``TIME``), so workers on machines with skewed clocks agree. A script whose reply was lost may
run again (``RedisLink.call`` retries after an outage); each is harmless to repeat, except
``POP``, whose stray lease the owner's heartbeat hands back (``Leases.sweep``).

Scripts build some key names from the namespace passed in ``ARGV`` (a dead worker's lease hash,
a site's queue): fine on one Redis server or a replicated pair, not on Redis Cluster.

Stored values are tab-separated:
  lease    site \\t score \\t pickled request
  seen_url content_hash \\t modified_at \\t version \\t worker id
  frontier site \\t outcome \\t lastmod
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from redis.commands.core import Script

_NOW = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function split3(v)
  local a = string.find(v, '\\t', 1, true)
  local b = string.find(v, '\\t', a + 1, true)
  return string.sub(v, 1, a - 1), string.sub(v, a + 1, b - 1), string.sub(v, b + 1)
end
"""

# KEYS: dupefilter, queue, my lease hash | ARGV: fingerprint, score, request, dont_filter, old lease id
ENQUEUE = """
if ARGV[5] ~= '' then redis.call('HDEL', KEYS[3], ARGV[5]) end
if ARGV[4] ~= '1' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: queue, my lease hash, lease sequence, workers | ARGV: site, token
POP = """
if not redis.call('ZSCORE', KEYS[4], ARGV[2]) then return {-1} end
local got = redis.call('ZPOPMIN', KEYS[1])
if #got == 0 then return {} end
local id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], id, ARGV[1] .. '\\t' .. got[2] .. '\\t' .. got[1])
return {id, got[1]}
"""

# KEYS: my lease hash | ARGV: namespace, lease ids... -> how many went back to their queue
UNLEASE = _NOW + """
local n = 0
for i = 2, #ARGV do
  local v = redis.call('HGET', KEYS[1], ARGV[i])
  if v then
    local site, score, request = split3(v)
    redis.call('ZADD', ARGV[1] .. 'q:' .. site, score, request)
    redis.call('HDEL', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n
"""

# KEYS: workers, claims, job members | ARGV: namespace, timeout ms, one token ('' = every silent one)
# A dead process: its leases back to their queues, its claims let go, its registration gone.
REAP = _NOW + """
local dead
if ARGV[3] ~= '' then dead = {ARGV[3]}
else dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now_ms() - tonumber(ARGV[2])) end
local returned = 0
for _, token in ipairs(dead) do
  local lk = ARGV[1] .. 'lease:' .. token
  local all = redis.call('HGETALL', lk)
  for i = 1, #all, 2 do
    local site, score, request = split3(all[i + 1])
    redis.call('ZADD', ARGV[1] .. 'q:' .. site, score, request)
    returned = returned + 1
  end
  redis.call('DEL', lk)
  local ck = ARGV[1] .. 'clt:' .. token
  for _, key in ipairs(redis.call('SMEMBERS', ck)) do
    if redis.call('HGET', KEYS[2], key) == token then redis.call('HDEL', KEYS[2], key) end
  end
  redis.call('DEL', ck, ARGV[1] .. 'wk:' .. token)
  redis.call('ZREM', KEYS[1], token)
  redis.call('SREM', KEYS[3], token)
end
return {#dead, returned}
"""

# KEYS: workers, worker hash, worker-id -> token, job members | ARGV: token, worker id, host, pid
REGISTER = _NOW + """
redis.call('ZADD', KEYS[1], now_ms(), ARGV[1])
redis.call('HSET', KEYS[2], 'id', ARGV[2], 'host', ARGV[3], 'pid', ARGV[4], 'started', now_ms())
redis.call('SET', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])
return now_ms()
"""

# KEYS: workers | ARGV: token -> 1 alive, 0 reaped (a zombie: presumed dead, its work handed out)
HEARTBEAT = _NOW + """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now_ms(), ARGV[1])
return 1
"""

# KEYS: seen_url, seen_content, claims, my claims | ARGV: url key, content key, content_hash,
# modified_at, token, url. The judge of scraper.store.index, plus a claim on what it lets through.
JUDGE = """
local function claim(key)
  redis.call('HSET', KEYS[3], key, ARGV[5])
  redis.call('SADD', KEYS[4], key)
end
local owner = redis.call('HGET', KEYS[3], ARGV[1])
if owner and owner ~= ARGV[5] then return {'busy'} end
local row = redis.call('HGET', KEYS[1], ARGV[1])
if row then
  local a = string.find(row, '\\t', 1, true)
  local b = string.find(row, '\\t', a + 1, true)
  local c = string.find(row, '\\t', b + 1, true)
  local hash, modified, version = string.sub(row, 1, a - 1), string.sub(row, a + 1, b - 1), string.sub(row, b + 1, c - 1)
  if hash == ARGV[3] and modified == ARGV[4] then return {'duplicate', version, ARGV[6]} end
  claim(ARGV[1])
  return {'version', tostring(tonumber(version) + 1), hash}
end
local owner2 = redis.call('HGET', KEYS[3], ARGV[2])
if owner2 and owner2 ~= ARGV[5] then return {'busy'} end
local other = redis.call('HGET', KEYS[2], ARGV[2])
if other then return {'duplicate', '0', other} end
claim(ARGV[1])
claim(ARGV[2])
return {'new'}
"""

# Shared by CONFIRM and SETTLE: one stored record made final (seen-index, frontier, claims let go).
_CONFIRM_ONE = """
local function confirm_one(ns, worker, tokens, urlkey, contentkey, hash, modified, version, fetched, site, url)
  redis.call('HSET', ns .. 'su', urlkey, hash .. '\\t' .. modified .. '\\t' .. version .. '\\t' .. worker)
  redis.call('HSETNX', ns .. 'sc', contentkey, url)
  for _, key in ipairs({urlkey, contentkey}) do
    local owner = redis.call('HGET', ns .. 'cl', key)
    for _, token in ipairs(tokens) do
      if owner == token then redis.call('HDEL', ns .. 'cl', key) end
      redis.call('SREM', ns .. 'clt:' .. token, key)
    end
  end
  local lastmod = ''
  local row = redis.call('HGET', ns .. 'fr', fetched)
  if row then
    local _, _, lm = split3(row)
    lastmod = lm
  end
  redis.call('HSET', ns .. 'fr', fetched, site .. '\\tstored\\t' .. lastmod)
  redis.call('HDEL', ns .. 'fp:' .. site, fetched)
end
"""

CONFIRM_FIELDS = 8  # url key, content key, content_hash, modified_at, version, fetched key, site, url

# KEYS: workers, my lease hash, stored-per-minute | ARGV: namespace, token, worker id, n records,
# then CONFIRM_FIELDS per record, then lease ids -> 1, or -1 when this process was reaped
CONFIRM = _NOW + _CONFIRM_ONE + """
local ns, token, worker, n = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if not redis.call('ZSCORE', KEYS[1], token) then return -1 end
local f = 5
for _ = 1, n do
  confirm_one(ns, worker, {token}, ARGV[f], ARGV[f + 1], ARGV[f + 2], ARGV[f + 3], ARGV[f + 4],
              ARGV[f + 5], ARGV[f + 6], ARGV[f + 7])
  f = f + 8
end
for i = f, #ARGV do redis.call('HDEL', KEYS[2], ARGV[i]) end
if n > 0 then
  local minute = math.floor(now_ms() / 60000)
  redis.call('HINCRBY', KEYS[3], minute, n)
  redis.call('HDEL', KEYS[3], minute - 1440)
end
return 1
"""

# KEYS: stored-per-minute | ARGV: namespace, new token, old token, worker id, then one record's
# fields (as CONFIRM) and its previous_content_hash -> 1 keep the line, 0 cut it
SETTLE = _NOW + _CONFIRM_ONE + """
local ns, token, old, worker = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local urlkey, contentkey, hash, modified = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local url, previous = ARGV[12], ARGV[13]
for _, key in ipairs({urlkey, contentkey}) do
  local owner = redis.call('HGET', ns .. 'cl', key)
  if owner and owner ~= token and owner ~= old then return 0 end
end
local row = redis.call('HGET', ns .. 'su', urlkey)
if row then
  local a = string.find(row, '\\t', 1, true)
  local b = string.find(row, '\\t', a + 1, true)
  local c = string.find(row, '\\t', b + 1, true)
  local h, m, w = string.sub(row, 1, a - 1), string.sub(row, a + 1, b - 1), string.sub(row, c + 1)
  if h == hash and m == modified then
    if w == worker then return 1 end
    return 0
  end
  if previous == '' or h ~= previous then return 0 end
else
  local other = redis.call('HGET', ns .. 'sc', contentkey)
  if other and other ~= url then return 0 end
end
confirm_one(ns, worker, {token, old}, urlkey, contentkey, hash, modified, ARGV[9], ARGV[10], ARGV[11], url)
redis.call('HINCRBY', KEYS[1], math.floor(now_ms() / 60000), 1)
return 1
"""

# KEYS: frontier, the site's pending hash | ARGV: url key, site, lastmod, pending entry (JSON)
# -> the URL's outcome after planning ('' = to fetch). scraper.store.frontier's rules.
PLAN = """
local row = redis.call('HGET', KEYS[1], ARGV[1])
if not row then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '\\t\\t' .. ARGV[3])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
  return ''
end
local a = string.find(row, '\\t', 1, true)
local b = string.find(row, '\\t', a + 1, true)
local outcome, old = string.sub(row, a + 1, b - 1), string.sub(row, b + 1)
local new = ARGV[3]
if outcome ~= '' and new ~= '' and old ~= '' and new ~= old then outcome = '' end
if new == '' then new = old end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '\\t' .. outcome .. '\\t' .. new)
if outcome == '' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[4]) end
return outcome
"""

# KEYS: frontier | ARGV: namespace, url key, outcome
DONE = """
local site, lastmod = '', ''
local row = redis.call('HGET', KEYS[1], ARGV[2])
if row then
  local a = string.find(row, '\\t', 1, true)
  local b = string.find(row, '\\t', a + 1, true)
  site, lastmod = string.sub(row, 1, a - 1), string.sub(row, b + 1)
end
redis.call('HSET', KEYS[1], ARGV[2], site .. '\\t' .. ARGV[3] .. '\\t' .. lastmod)
if site ~= '' then redis.call('HDEL', ARGV[1] .. 'fp:' .. site, ARGV[2]) end
return 1
"""

# KEYS: host hash, held slots | ARGV: ticket, slots, delay ms, hold ms
# -> 0 granted; > 0 ms to wait (delay, back-off); -1 every slot taken
ACQUIRE = _NOW + """
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local ready = math.max(tonumber(redis.call('HGET', KEYS[1], 'next') or '0'),
                       tonumber(redis.call('HGET', KEYS[1], 'backoff') or '0'))
if ready > now then return ready - now end
if redis.call('ZSCORE', KEYS[2], ARGV[1]) == false and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  return -1
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
redis.call('HSET', KEYS[1], 'next', now + tonumber(ARGV[3]))
return 0
"""

# KEYS: host hash | ARGV: ms -> nobody starts a request to the host before now + ms
BACKOFF = _NOW + """
local until_ms = now_ms() + tonumber(ARGV[1])
if until_ms > tonumber(redis.call('HGET', KEYS[1], 'backoff') or '0') then
  redis.call('HSET', KEYS[1], 'backoff', until_ms)
end
return until_ms
"""

# KEYS: workers, job | ARGV: namespace, sites... -> {planner state, queued, leased, members}
JOB_STATE = """
local queued = 0
for i = 2, #ARGV do queued = queued + redis.call('ZCARD', ARGV[1] .. 'q:' .. ARGV[i]) end
local leased = 0
for _, token in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  leased = leased + redis.call('HLEN', ARGV[1] .. 'lease:' .. token)
end
return {redis.call('HGET', KEYS[2], 'planner') or '', queued, leased}
"""


@dataclass
class Scripts:
    """The scripts registered on one client (``EVALSHA``, loaded again after a server restart)."""

    enqueue: Script
    pop: Script
    unlease: Script
    reap: Script
    register: Script
    heartbeat: Script
    judge: Script
    confirm: Script
    settle: Script
    plan: Script
    done: Script
    acquire: Script
    backoff: Script
    job_state: Script

    @classmethod
    def on(cls, client: redis.Redis) -> Scripts:
        return cls(**{name: client.register_script(text) for name, text in (
            ("enqueue", ENQUEUE), ("pop", POP), ("unlease", UNLEASE), ("reap", REAP),
            ("register", REGISTER), ("heartbeat", HEARTBEAT), ("judge", JUDGE), ("confirm", CONFIRM),
            ("settle", SETTLE), ("plan", PLAN), ("done", DONE), ("acquire", ACQUIRE),
            ("backoff", BACKOFF), ("job_state", JOB_STATE),
        )})
