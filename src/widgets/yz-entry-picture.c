/* yz-entry-picture.c
 *
 * An entry's picture, fetched through the session: a spinner while it comes, the picture,
 * or "No picture" and why (none was taken, the gateway no longer has it, fetching failed).
 * Small on the entries page's cards (cropped to fill), large in the entry viewer (fitted,
 * or every pixel in a scrolled view, with the reason written out). A picture that arrives
 * after the widget was asked for another one is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "yz-entry-picture"

#include "config.h"

#include <glib/gi18n.h>

#include "yz-backend.h"
#include "yz-entry-picture.h"

struct _YzEntryPicture
{
  GtkWidget parent_instance;

  GtkStack *stack; /* "picture", "loading" and "none" */
  GtkPicture *picture;
  GtkSpinner *spinner;
  GtkWidget *none;
  GtkLabel *reason; /* large only: why there is no picture */
  gboolean large;
  char *wanted; /* the snapshot asked for last */
};

G_DEFINE_FINAL_TYPE (YzEntryPicture, yz_entry_picture, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_LARGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Why there is no picture: none was taken, the gateway no longer has it, or fetching failed. */
const char *
yz_entry_no_picture_reason (const char *snapshot_id, const GError *error)
{
  if (snapshot_id == NULL)
    return _("This entry was recorded without a picture.");
  if (g_error_matches (error, YZ_BACKEND_ERROR, YZ_BACKEND_ERROR_NOT_FOUND))
    return _("The gateway no longer keeps this picture.");
  return _("The picture could not be fetched from the gateway.");
}

static void
build (YzEntryPicture *self)
{
  gboolean large = self->large;
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *none = gtk_box_new (GTK_ORIENTATION_VERTICAL, large ? 12 : 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("image-missing-symbolic");
  GtkWidget *label = gtk_label_new (_("No picture"));

  gtk_picture_set_content_fit (GTK_PICTURE (picture),
                               large ? GTK_CONTENT_FIT_CONTAIN : GTK_CONTENT_FIT_COVER);
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
  if (large)
    {
      /* Scrolled, for the full-size view. */
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), picture);
      gtk_stack_add_named (GTK_STACK (stack), scrolled, "picture");
    }
  else
    {
      gtk_widget_add_css_class (picture, "entry-snapshot");
      gtk_stack_add_named (GTK_STACK (stack), picture, "picture");
    }
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (stack), spinner, "loading");
  gtk_image_set_pixel_size (GTK_IMAGE (icon), large ? 96 : 32);
  gtk_widget_add_css_class (label, large ? "title-2" : "caption");
  gtk_widget_set_valign (none, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (none, "dim-label");
  gtk_widget_add_css_class (none, "no-picture");
  gtk_box_append (GTK_BOX (none), icon);
  gtk_box_append (GTK_BOX (none), label);
  if (large)
    {
      GtkWidget *reason = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
      gtk_label_set_justify (GTK_LABEL (reason), GTK_JUSTIFY_CENTER);
      gtk_box_append (GTK_BOX (none), reason);
      self->reason = GTK_LABEL (reason);
    }
  gtk_stack_add_named (GTK_STACK (stack), none, "none");
  gtk_widget_add_css_class (stack, "entry-snapshot-frame");
  gtk_widget_set_parent (stack, GTK_WIDGET (self));

  self->stack = GTK_STACK (stack);
  self->picture = GTK_PICTURE (picture);
  self->spinner = GTK_SPINNER (spinner);
  self->none = none;
}

static void
show (YzEntryPicture *self, GBytes *bytes, const char *snapshot_id, const GError *error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) decode_error = NULL;
  const char *reason;

  if (bytes != NULL && (texture = gdk_texture_new_from_bytes (bytes, &decode_error)) != NULL)
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "picture");
      return;
    }
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_spinner_stop (self->spinner);
  reason = yz_entry_no_picture_reason (snapshot_id, error ? error : decode_error);
  gtk_widget_set_tooltip_text (self->none, reason);
  if (self->reason != NULL)
    gtk_label_set_text (self->reason, reason);
  gtk_stack_set_visible_child (self->stack, self->none);
}

typedef struct
{
  YzEntryPicture *self;
  char *asked;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->self);
  g_free (fetch->asked);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
snapshot_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yz_session_fetch_snapshot_finish (YZ_SESSION (object), result, &error);

  /* A page going away, or a card bound to another entry meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_strcmp0 (fetch->self->wanted, fetch->asked) != 0)
    return;
  show (fetch->self, bytes, fetch->asked, error);
}

static void
yz_entry_picture_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  YzEntryPicture *self = YZ_ENTRY_PICTURE (object);

  switch (prop_id)
    {
    case PROP_LARGE:
      self->large = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_entry_picture_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  YzEntryPicture *self = YZ_ENTRY_PICTURE (object);

  switch (prop_id)
    {
    case PROP_LARGE:
      g_value_set_boolean (value, self->large);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yz_entry_picture_constructed (GObject *object)
{
  G_OBJECT_CLASS (yz_entry_picture_parent_class)->constructed (object);

  build (YZ_ENTRY_PICTURE (object));
}

static void
yz_entry_picture_dispose (GObject *object)
{
  YzEntryPicture *self = YZ_ENTRY_PICTURE (object);

  if (self->stack != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->stack));
  self->stack = NULL;
  g_clear_pointer (&self->wanted, g_free);

  G_OBJECT_CLASS (yz_entry_picture_parent_class)->dispose (object);
}

static void
yz_entry_picture_class_init (YzEntryPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = yz_entry_picture_set_property;
  object_class->get_property = yz_entry_picture_get_property;
  object_class->constructed = yz_entry_picture_constructed;
  object_class->dispose = yz_entry_picture_dispose;

  properties[PROP_LARGE] =
      g_param_spec_boolean ("large", NULL, NULL, FALSE,
                            (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yz_entry_picture_init (YzEntryPicture *self)
{
}

GtkWidget *
yz_entry_picture_new (gboolean large)
{
  return g_object_new (YZ_TYPE_ENTRY_PICTURE, "large", large, NULL);
}

/* Shows @snapshot_id's picture once the session has fetched it; "No picture" at once when
 * there is none to fetch. */
void
yz_entry_picture_load (YzEntryPicture *self, YzSession *session, const char *snapshot_id,
                       GCancellable *cancellable)
{
  Fetch *fetch;

  g_return_if_fail (YZ_IS_ENTRY_PICTURE (self));

  g_free (self->wanted);
  self->wanted = g_strdup (snapshot_id);
  gtk_picture_set_paintable (self->picture, NULL);
  if (snapshot_id == NULL || session == NULL)
    {
      show (self, NULL, NULL, NULL);
      return;
    }
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->spinner));
  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->asked = g_strdup (snapshot_id);
  yz_session_fetch_snapshot_async (session, snapshot_id, cancellable, snapshot_cb, fetch);
}

/* Fit to the space, or every pixel (scroll to look around). */
void
yz_entry_picture_set_can_shrink (YzEntryPicture *self, gboolean can_shrink)
{
  g_return_if_fail (YZ_IS_ENTRY_PICTURE (self));

  gtk_picture_set_can_shrink (self->picture, can_shrink);
}
