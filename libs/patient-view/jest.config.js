module.exports = { ...require('../../jest.preset.js'), displayName: 'patient-view', rootDir: __dirname };
