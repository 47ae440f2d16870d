-- expect: require-concurrent-reindex
REINDEX TABLE orders;
