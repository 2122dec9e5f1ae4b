/* yz-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yz-store.h"

G_BEGIN_DECLS

#define YZ_TYPE_APPLICATION (yz_application_get_type ())
G_DECLARE_FINAL_TYPE (YzApplication, yz_application, YZ, APPLICATION, AdwApplication)

YzApplication *yz_application_new (void);
YzStore *yz_application_get_store (YzApplication *self);
const char *yz_application_get_gateway_url (YzApplication *self);

G_END_DECLS
