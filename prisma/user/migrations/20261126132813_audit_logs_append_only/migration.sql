-- audit_logs is append-only: rows are never changed or removed, not even by the service itself.
-- Triggers are not part of schema.prisma, so this migration is written by hand.

CREATE FUNCTION audit_logs_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The one change allowed: users.id ON DELETE SET NULL clearing actor_id when an account is
  -- erased, so the trail outlives its actor. It runs nested inside the foreign key's own trigger.
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1
     AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
     AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_logs_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();

CREATE TRIGGER audit_logs_no_truncate
  BEFORE TRUNCATE ON "audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();
