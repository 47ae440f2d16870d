CREATE SCHEMA app;
CREATE SCHEMA planner;

CREATE TABLE app.trips (
  id integer PRIMARY KEY,
  start_city text,
  end_city text
);

CREATE STATISTICS planner.trips_cities (ndistinct, dependencies) ON start_city, end_city FROM app.trips;
CREATE STATISTICS app.trips_start ON start_city, (upper(end_city)) FROM app.trips;
