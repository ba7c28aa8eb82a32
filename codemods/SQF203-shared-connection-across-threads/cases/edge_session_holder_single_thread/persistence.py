from sqlalchemy import text


def list_users(context):
    return context.get_session().execute(text("SELECT id, name FROM users")).fetchall()


def delete_user(context, user_id):
    session = context.get_session()
    session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
    session.commit()
