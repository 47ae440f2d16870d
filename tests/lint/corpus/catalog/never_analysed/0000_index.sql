-- expect: require-concurrent-index-creation:warning
CREATE INDEX tags_label ON tags (label);
