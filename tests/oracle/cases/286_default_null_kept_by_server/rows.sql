INSERT INTO crm.contacts (id) VALUES (1), (2);
