/**
 * The Lua every auth store counts with, in one place. Each runs as one command, so concurrent
 * callers never read a count between another's increment and expiry.
 */

/** KEYS[1]: the counter; ARGV[1]: window in seconds. Counts one in a window that starts with the first. */
export const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return count`;

/**
 * KEYS[1]: a hash with an `attempts` field; ARGV[1]: the budget. Counts a wrong answer and drops
 * the hash once the budget is spent; -1 when it is gone already (HINCRBY would recreate it).
 */
export const COUNT_ATTEMPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) end
return attempts`;
