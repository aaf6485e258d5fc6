// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Includes the one header named by LAYER_HEADER, from a target of one layer: the layer tests
// build this to prove which headers a layer can and cannot reach.
#include LAYER_HEADER
