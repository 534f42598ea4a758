#!/bin/sh
# The compose deployment's timers (a plain server uses deploy/systemd/*.timer):
# `safereport consent lock-lapsed` every five minutes; `safereport housekeeping`
# (sessions, throttles, the audit anchor), `safereport backup` and
# `safereport stats year-end` (a no-op except after a year has ended: it stores
# that year's statistics and closes the privacy budgets of the year before, once)
# once a day at DAILY_HOUR_UTC. A failure is logged and retried at the next turn.
set -u
last_day=""
while true; do
  safereport consent lock-lapsed >/dev/null || echo '{"level": "error", "logger": "timers", "message": "lock-lapsed failed"}'
  today=$(date -u +%F)
  hour=$(date -u +%H)
  if [ "$today" != "$last_day" ] && [ "${hour#0}" -ge "${DAILY_HOUR_UTC:-2}" ]; then
    if safereport housekeeping && safereport backup --keep-main-days 35 --keep-keystore-days 7; then
      last_day=$today
    else
      echo '{"level": "error", "logger": "timers", "message": "daily housekeeping or backup failed"}'
    fi
    safereport stats year-end >/dev/null || echo '{"level": "error", "logger": "timers", "message": "statistics year end failed"}'
  fi
  sleep 300
done
