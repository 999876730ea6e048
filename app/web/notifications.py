"""Notification pages: the bell's list, mark as read, my channels and quiet hours, and the admin's
list of messages that could not be delivered."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from app.domain.errors import InvalidInput
from app.services import notifications
from app.web import bp
from app.web.forms import ButtonForm


class NotificationSettingsForm(FlaskForm):
    """Which channels I want, my addresses, and my quiet hours (WIB)."""

    channels = SelectMultipleField(
        "Saluran", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )
    email = StringField("E-mail", render_kw={"type": "email", "autocomplete": "email"})
    whatsapp = StringField("Nomor WhatsApp", render_kw={"inputmode": "tel"})
    quiet_from = StringField("Jam tenang mulai", render_kw={"type": "time"})
    quiet_until = StringField("Jam tenang selesai", render_kw={"type": "time"})


@bp.app_context_processor
def notification_bell():
    """The number on the bell, on every page."""
    if not current_user.is_authenticated:
        return {"unread_notifications": None}
    return {"unread_notifications": notifications.unread_count(current_user)}


@bp.get("/notifications")
@login_required
def notification_list():
    """My notifications, newest first, unread ones marked."""
    page = notifications.list_notifications(
        current_user, request.args.get("unread") == "1", 20, request.args.get("cursor")
    )
    return render_template("web/notifications.html", page=page, button=ButtonForm())


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def notification_read(notification_id: int):
    """Mark a notification as read and open what it is about."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    notification = notifications.mark_read(current_user, notification_id)
    return redirect(
        notification.link if request.form.get("open") else url_for(".notification_list")
    )


@bp.post("/notifications/read-all")
@login_required
def notification_read_all():
    """Mark all my notifications as read."""
    if ButtonForm().validate_on_submit():
        notifications.mark_all_read(current_user)
    return redirect(url_for(".notification_list"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def notification_settings():
    """Choose my channels, addresses and quiet hours; link Telegram with a one-time code."""
    settings = notifications.settings_of(current_user)
    form = NotificationSettingsForm(
        data=None
        if request.method == "POST"
        else {
            "channels": settings.channels,
            "email": settings.email,
            "whatsapp": settings.whatsapp,
            "quiet_from": settings.quiet_from,
            "quiet_until": settings.quiet_until,
        }
    )
    form.channels.choices = notifications.channel_choices()
    if form.validate_on_submit():
        try:
            notifications.save_settings(
                current_user,
                form.channels.data,
                (form.email.data or "").strip(),
                (form.whatsapp.data or "").strip(),
                form.quiet_from.data,
                form.quiet_until.data,
            )
            flash("Pengaturan notifikasi disimpan.", "success")
            return redirect(url_for(".notification_settings"))
        except InvalidInput as error:
            for name, messages in error.fields.items():
                getattr(form, name).errors = messages
    return render_template(
        "web/notification_settings.html",
        form=form,
        settings=settings,
        button=ButtonForm(),
    )


@bp.post("/notifications/telegram-code")
@login_required
def notification_telegram_code():
    """Make a one-time code to send to the Layang bot as /start CODE."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    notifications.start_telegram_link(current_user)
    return redirect(url_for(".notification_settings"))


@bp.get("/admin/notifications/failed")
@login_required
def failed_notifications():
    """Messages that could not be delivered after the last try (admin)."""
    items = notifications.list_failed_messages(current_user)
    return render_template("web/notifications_failed.html", items=items, button=ButtonForm())


@bp.post("/admin/notifications/failed/<int:message_id>/retry")
@login_required
def failed_notification_retry(message_id: int):
    """Queue a failed message again with fresh tries (admin)."""
    if ButtonForm().validate_on_submit():
        notifications.retry_failed_message(current_user, message_id)
        flash("Pesan dijadwalkan untuk dikirim ulang.", "success")
    return redirect(url_for(".failed_notifications"))
