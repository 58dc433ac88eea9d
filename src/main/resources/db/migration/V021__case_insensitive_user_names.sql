-- User names are unique regardless of case ('ADMIN' beside 'admin' was possible) and sign-in ignores case: the
-- lower-cased name is the key. Where older data already has names differing only in case, the oldest account keeps
-- the key; the others get '<name>#<id>' as key and are disabled: nobody can sign in to them by name any more,
-- and nobody signs in as the wrong person.
ALTER TABLE app_user ADD COLUMN username_key VARCHAR(80);
UPDATE app_user SET username_key = LOWER(username);
UPDATE app_user SET username_key = username_key || '#' || CAST(id AS VARCHAR(20)), enabled = FALSE
WHERE EXISTS (SELECT 1 FROM app_user older WHERE LOWER(older.username) = LOWER(app_user.username)
              AND older.id < app_user.id);
ALTER TABLE app_user ALTER COLUMN username_key SET NOT NULL;
ALTER TABLE app_user ADD CONSTRAINT uk_app_user_username_key UNIQUE (username_key);
