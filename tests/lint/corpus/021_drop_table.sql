-- expect: ban-drop-table
DROP TABLE "sessions_old" CASCADE;
