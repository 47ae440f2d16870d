-- expect: none
ALTER INDEX users_mail_idx RENAME TO users_email_idx;
