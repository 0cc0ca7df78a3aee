module.exports = { ...require('../../jest.preset.js'), displayName: 'patient-access', rootDir: __dirname };
