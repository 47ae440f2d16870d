-- INCLUDING INDEXES: the primary key, unique and exclusion constraints and indexes, named as
-- the server names them for the new table (after the table's own ones); INCLUDING COMMENTS:
-- column, check and index comments.
CREATE TABLE bookings (
  id integer PRIMARY KEY,
  room text NOT NULL,
  guest text,
  during tsrange NOT NULL,
  CONSTRAINT bookings_room_guest_key UNIQUE (room, guest),
  EXCLUDE USING gist (during WITH &&),
  CONSTRAINT bookings_guest_check CHECK (guest <> '')
);
CREATE INDEX bookings_lower_guest ON bookings (lower(guest));
CREATE INDEX bookings_open ON bookings (room) WHERE guest IS NULL;
CREATE UNIQUE INDEX bookings_room_during ON bookings (room, during);
COMMENT ON COLUMN bookings.room IS 'room number';
COMMENT ON INDEX bookings_open IS 'rooms without a guest';
COMMENT ON CONSTRAINT bookings_guest_check ON bookings IS 'no empty names';

-- A name the copy's index would take is another relation's: the server adds a digit.
CREATE TABLE rooms (number text);
CREATE INDEX booking_copies_room_guest_key ON rooms (number);
CREATE TABLE booking_copies (extra integer UNIQUE, LIKE bookings INCLUDING INDEXES INCLUDING COMMENTS INCLUDING CONSTRAINTS, UNIQUE (guest, room));
CREATE TABLE booking_shapes (LIKE bookings INCLUDING COMMENTS);
COMMENT ON INDEX booking_copies_lower_idx IS 'copied, then commented';
