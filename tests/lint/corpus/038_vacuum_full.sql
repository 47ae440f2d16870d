-- expect: ban-vacuum-full
VACUUM FULL orders;
